export * from './rfm';
