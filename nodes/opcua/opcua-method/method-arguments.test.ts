import { describe, expect, it } from 'vitest';
import { inputVariants, type DeclaredArgument } from './method-arguments.js';

const declared: DeclaredArgument[] = [
  { name: 'speed', type: 'Double', array: false },
  { name: 'count', type: 'UInt16', array: false },
  { name: 'tags', type: 'String', array: true },
];
const call = (configured: Array<{ name: string; value: string }>, payload: unknown) =>
  inputVariants({ method: 'ns=1;s=M', declared, configured, payload });

describe('method input arguments', () => {
  it('types config text by the declared types; the payload replaces by position or name', () => {
    const configured = [
      { name: 'speed', value: '1.5' },
      { name: 'count', value: '3' },
      { name: 'tags', value: '["a", "b"]' },
    ];
    // Double 11, UInt16 12, String 12 (built-in type ids).
    expect(call(configured, 'ignored: not an array or object')).toEqual([
      { dataType: 11, value: 1.5 },
      { dataType: 5, value: 3 },
      { dataType: 12, arrayType: 1, value: ['a', 'b'] },
    ]);
    expect(call(configured, [2.5])[0]).toEqual({ dataType: 11, value: 2.5 });
    expect(call(configured, { count: 7 })[1]).toEqual({ dataType: 5, value: 7 });
  });

  it('names what is wrong: unknown, missing, too many, out of range, unsupported type', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return `${(e as { code: string }).code}: ${(e as Error).message}`;
      }
      return 'no error';
    };
    expect(err(() => call([], { speed: 1, count: 1, tags: [], rpm: 2 }))).toBe(
      'opcua_method_arguments_invalid: no input argument "rpm"; method ns=1;s=M takes (speed: Double, count: UInt16, tags: String[])',
    );
    expect(err(() => call([], { speed: 1 }))).toMatch(/^opcua_method_arguments_invalid: no value for "count", "tags";/);
    expect(err(() => call([], [1, 2, [], 4]))).toMatch(/^opcua_method_arguments_invalid: msg.payload has 4 values;/);
    expect(err(() => call([], [1, 70000, []]))).toMatch(/^opcua_bad_value: cannot write 70000 as UInt16: out of range/);
    expect(
      err(() =>
        inputVariants({
          method: 'ns=1;s=M',
          declared: [{ name: 'recipe', type: 'ExtensionObject', array: false }],
          configured: [],
          payload: [{ name: 'x' }],
        }),
      ),
    ).toBe(
      'opcua_method_argument_unsupported: input argument "recipe" of ns=1;s=M is of type ExtensionObject, which a message cannot give',
    );
  });
});
