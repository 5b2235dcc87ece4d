export * from './complaint-deadline-process';
