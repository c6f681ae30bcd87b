// Before `npm test`: the browser tests drive Debian's Chromium (/usr/bin/chromium), never a
// downloaded browser build. Install it when it is missing and we may (root with apt-get), so a
// fresh machine needs nothing but `npm install` and `npm test`; otherwise say what to do.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (root && apt) {
    console.log('npm test: installing Debian chromium for the browser tests (apt-get) ...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : update;
    if (install.status !== 0) console.warn('npm test: could not install chromium; the browser tests will fail and say so.');
  } else {
    console.warn(`npm test: ${CHROMIUM} is missing; the browser tests need it: sudo apt-get install -y chromium`);
  }
}

// Dependencies install without their scripts (.npmrc), so bun's own set-up step, which links the
// binary from its optional platform package (no download), runs here when it has not yet.
const BUN_SETUP = 'node_modules/bun/install.js';
if (existsSync(BUN_SETUP) && spawnSync('node_modules/.bin/bun', ['--version'], { encoding: 'utf8' }).status !== 0) {
  const setup = spawnSync(process.execPath, ['install.js'], { cwd: 'node_modules/bun', stdio: 'inherit' });
  if (setup.status !== 0) console.warn('npm test: bun could not be set up (node node_modules/bun/install.js); the bun runtime test will fail and say so.');
}
