module.exports = require('./lazy-module')('archiver');
