export * from './transactions-csv';
export * from './import-transactions';
