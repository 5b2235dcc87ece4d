export * from './profile';
export * from './random';
export * from './generate';
export * from './seed';
