export * from './rfm-summary';
export * from './bg-nbd';
export * from './gamma-gamma';
export * from './special-functions';
export * from './customer-lifetime-value';
export * from './simulate';
export * from './clv-collections';
