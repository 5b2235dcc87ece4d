export * from './complaints';
export * from './complaint-kpis';
export * from './complaint-service-levels';
