import { issue } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { testCatalog, testFlows } from '../store/test-fixtures.js';
import { checkBeforeDeploy, issueCount, issuesByElement } from './deploy-check.js';

describe('checkBeforeDeploy', () => {
  it('passes valid flows', () => {
    expect(checkBeforeDeploy(testFlows(), testCatalog()).size).toBe(0);
  });

  it('files config faults under the node with a node-relative path', () => {
    const flows = testFlows();
    flows[0]!.nodes[1]!.config = { n: -1 };
    const issues = checkBeforeDeploy(flows, testCatalog());
    expect([...issues.keys()]).toEqual(['b']);
    expect(issues.get('b')).toEqual([{ path: ['config', 'n'], code: 'too_small', message: 'must be at least 0' }]);
  });

  it('reports unknown types, dangling wires and bad ports', () => {
    const flows = testFlows();
    flows[0]!.nodes.push({ id: 'z', type: 'nope', typeVersion: 1, config: {}, position: { x: 0, y: 0 } });
    flows[0]!.wires.push({ from: { node: 'a', port: 3 }, to: { node: 'gone', port: 0 } });
    const issues = checkBeforeDeploy(flows, testCatalog());
    expect(issues.get('z')?.[0]?.code).toBe('unknown_type');
    expect(
      issues
        .get('f1')
        ?.map((i) => i.code)
        .sort(),
    ).toEqual(['dangling_wire', 'port_out_of_range']);
    expect(issueCount(issues)).toBe(3);
  });
});

describe('issuesByElement', () => {
  it('maps server issue paths to the node that was sent at that index', () => {
    const flows = testFlows();
    const map = issuesByElement(flows, [
      issue([0, 'nodes', 1, 'config', 'n'], 'too_small', 'bad'),
      issue([1, 'name'], 'x', 'y'),
    ]);
    expect(map.get('b')).toEqual([{ path: ['config', 'n'], code: 'too_small', message: 'bad' }]);
    expect(map.get('f2')).toEqual([{ path: ['name'], code: 'x', message: 'y' }]);
  });
});
