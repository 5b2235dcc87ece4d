export * from './bfgs';
