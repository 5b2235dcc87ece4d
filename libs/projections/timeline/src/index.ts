export * from './customer-timeline';
