module.exports = require('./lazy-module')('semver');
