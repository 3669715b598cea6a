// Removes the run's temporary folder made by global-setup.js.
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.GOVCLOUD_TEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
