// Every test run gets a temporary folder of its own, removed by global-teardown.js: cdktf's Testing helpers
// leave a cdktf.outdir.* folder behind for each synthesized scope, and none should outlive the run.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-tests-'));
  process.env.GOVCLOUD_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir; // read by os.tmpdir() in the test workers, which inherit this environment
};
