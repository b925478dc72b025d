export * from './provider-type';
export * from './connection';
