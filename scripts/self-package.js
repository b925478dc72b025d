// Lets an example import the library by its package name, as a user's app
// does, while running from the checkout's sources: `require('cdk-codeconnections')`
// resolves to src/index.ts (loaded by ts-node, which runs this file first).
const Module = require('module');
const path = require('path');

const SOURCES = path.join(__dirname, '..', 'src', 'index.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'cdk-codeconnections' ? SOURCES : request, ...rest);
};
