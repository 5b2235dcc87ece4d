export * from './complaints';
export * from './complaint-kpis';
