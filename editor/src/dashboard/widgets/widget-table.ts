import type { ComponentType } from 'react';
import { BarChart } from './BarChart.js';
import { ButtonWidget } from './ButtonWidget.js';
import { DropdownWidget } from './DropdownWidget.js';
import { FormWidget } from './FormWidget.js';
import { Gauge } from './Gauge.js';
import { OeeTile } from './OeeTile.js';
import { ParetoChart } from './ParetoChart.js';
import { SpcWidget } from './SpcWidget.js';
import { StateLamp } from './StateLamp.js';
import { TableWidget } from './TableWidget.js';
import { TimeChart } from './TimeChart.js';
import { ValueTile } from './ValueTile.js';
import type { WidgetProps } from './widget-props.js';

/** Node type -> the component that draws it. A new widget is one node folder and one line here. */
export const WIDGETS: Readonly<Record<string, ComponentType<WidgetProps>>> = {
  'ui-value': ValueTile,
  'ui-gauge': Gauge,
  'ui-chart': TimeChart,
  'ui-bar': BarChart,
  'ui-table': TableWidget,
  'ui-oee': OeeTile,
  'ui-spc': SpcWidget,
  'ui-pareto': ParetoChart,
  'ui-state': StateLamp,
  'ui-button': ButtonWidget,
  'ui-form': FormWidget,
  'ui-dropdown': DropdownWidget,
};
