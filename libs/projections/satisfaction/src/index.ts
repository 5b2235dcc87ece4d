export * from './satisfaction-answers';
