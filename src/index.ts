export * from './provider-type';
export * from './connection';
export * from './host';
export * from './source-action';
export * from './pipeline-source';
