export * from './provider-type';
export * from './connection';
export * from './host';
