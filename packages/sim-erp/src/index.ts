export { startSimErp, SIM_ERP_MODES } from './sim-erp.js';
export type { SimErp, SimErpMode, SimErpOptions, ReceivedSummary } from './sim-erp.js';
export { performanceReportXml } from './reports.js';
export type { Report } from './reports.js';
export { defaultWorkOrders, scheduleXml, toOperationsRequest } from './work-orders.js';
export type { WorkOrder } from './work-orders.js';
