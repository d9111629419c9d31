import type { AnyNodeDefinition } from '@millwright/sdk';
import uiBar from './ui-bar/index.js';
import uiButton from './ui-button/index.js';
import uiChart from './ui-chart/index.js';
import uiDropdown from './ui-dropdown/index.js';
import uiForm from './ui-form/index.js';
import uiGauge from './ui-gauge/index.js';
import uiOee from './ui-oee/index.js';
import uiPage from './ui-page/index.js';
import uiPareto from './ui-pareto/index.js';
import uiSpc from './ui-spc/index.js';
import uiState from './ui-state/index.js';
import uiTable from './ui-table/index.js';
import uiValue from './ui-value/index.js';

/** Display widgets: they draw the values of their input messages. */
export const DISPLAY_WIDGETS = [uiValue, uiGauge, uiChart, uiBar, uiTable, uiOee, uiSpc, uiPareto, uiState];
/** Operator inputs: they send messages into the flow, with the operator's identity. */
export const INPUT_WIDGETS = [uiButton, uiForm, uiDropdown];

/** The dashboard nodes. The runtime loads every module's `nodes` export. */
export const nodes: AnyNodeDefinition[] = [uiPage, ...DISPLAY_WIDGETS, ...INPUT_WIDGETS];
