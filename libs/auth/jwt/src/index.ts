export * from './jwt-verifier';
