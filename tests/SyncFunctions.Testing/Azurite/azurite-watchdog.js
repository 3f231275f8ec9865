// Preloaded into the Azurite process started by AzuriteServer (node --require, through NODE_OPTIONS).
//
// The test process keeps the write end of Azurite's stdin open and never writes to it. When the
// test process goes away for any reason - including being killed hard, when its ProcessExit
// handler cannot run - the operating system closes that pipe, stdin ends, and Azurite exits
// instead of being left orphaned.
'use strict';

if (process.env.SYNCFUNCTIONS_AZURITE_WATCHDOG === '1') {
  const exit = () => process.exit(0);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  process.stdin.on('error', exit);
  process.stdin.resume();
}
