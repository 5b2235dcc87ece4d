export * from './purchase-history';
