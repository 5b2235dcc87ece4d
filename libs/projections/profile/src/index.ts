export * from './customer-profile';
export * from './queries';
