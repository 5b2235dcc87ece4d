/** The model lives in libs/clv-fitting (shared with `lifeline clv fit`); re-exported for the API's imports. */
export * from '@lifeline/clv-fitting';
