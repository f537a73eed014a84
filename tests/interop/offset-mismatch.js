// Starts an upload with grpc-js and sends its first chunk at the wrong offset, then
// prints how the call failed, with the typed details decoded from the
// grpc-status-details-bin trailer (see status-details.js):
//
//   node tests/interop/offset-mismatch.js --address 127.0.0.1:5000 --offset 1024
//
// Prints one {"code":…,"details":[…]} line; exits 0 when the call failed, 1 otherwise.
'use strict';

const { arg, connect, deadline } = require('./media-client');
const { statusDetails } = require('./status-details');

const address = arg('address');
const offset = Number(arg('offset', '1024'));
if (!address) {
  console.error('usage: offset-mismatch.js --address HOST:PORT [--offset N]');
  process.exit(2);
}

const client = connect(address);
const call = client.uploads.Upload(client.metadata(), { deadline: deadline() });
call.on('data', (response) => {
  if (response.accepted) {
    call.write({ chunk: { offset, data: Buffer.alloc(16) } });
  }
});
call.on('error', (error) => {
  console.log(JSON.stringify({ code: error.code, message: error.details, details: statusDetails(error) }));
  process.exit(0);
});
call.on('end', () => process.exit(1));
call.write({ start: { media: { display_name: 'wrong-offset.bin', declared_size: 1 << 20 } } });
