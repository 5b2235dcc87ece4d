export * from './clv-model';
export * from './clv-store';
export * from './recorded-churns';
