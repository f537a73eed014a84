'use strict';
// grpc.testing.TestService on @grpc/grpc-js, written for this repo from the server
// behaviour in grpc/doc/interop-test-descriptions.md: an independent interop server to
// prove our C# client against.
//
// Two things grpc-js cannot do, so neither does this server: it never compresses a
// response (grpc-js servers always send the compressed flag 0), and a handler cannot see
// whether a request arrived compressed, so expect_compressed is not checked.
//
// Usage: node interop-server.js --port N [--window BYTES]
// --window sets the HTTP/2 stream window the server advertises (the benchmark compares
// grpc-js at its 64 KiB default and with 16 MiB); grpc-js has no public option for it.
// Prints "interop-server ready on 127.0.0.1:N" once listening; exits when stdin closes,
// so it never outlives the test process that started it.

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const ECHO_INITIAL = 'x-grpc-test-echo-initial';
const ECHO_TRAILING = 'x-grpc-test-echo-trailing-bin';

function parseArgs(argv) {
    const args = { port: 0, window: 0 };
    for (let i = 0; i < argv.length; i++) {
        const [name, inline] = argv[i].split('=', 2);
        if (name === '--port') {
            args.port = Number.parseInt(inline !== undefined ? inline : argv[++i], 10);
        } else if (name === '--window') {
            args.window = Number.parseInt(inline !== undefined ? inline : argv[++i], 10);
        } else {
            throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    if (!Number.isInteger(args.port) || args.port <= 0) {
        throw new Error('--port N is required');
    }
    return args;
}

// Sends x-grpc-test-echo-initial back at once, in the response headers.
function echoInitial(call) {
    const values = call.metadata.get(ECHO_INITIAL);
    if (values.length > 0) {
        const headers = new grpc.Metadata();
        headers.set(ECHO_INITIAL, values[0]);
        call.sendMetadata(headers);
    }
}

// The trailers to end the call with: x-grpc-test-echo-trailing-bin, if it was sent.
function echoTrailing(call) {
    const trailers = new grpc.Metadata();
    const values = call.metadata.get(ECHO_TRAILING);
    if (values.length > 0) {
        trailers.set(ECHO_TRAILING, values[0]);
    }
    return trailers;
}

const payload = (size) => ({ type: 'COMPRESSABLE', body: Buffer.alloc(size) });

function requestedStatus(request, trailers) {
    const status = request.response_status;
    if (status && status.code !== 0) {
        return { code: status.code, details: status.message, metadata: trailers };
    }
    return null;
}

function sleep(microseconds) {
    return new Promise((resolve) => setTimeout(resolve, Math.ceil(microseconds / 1000)));
}

// Writes one response, waiting for 'drain' when grpc-js buffers are full.
function write(call, response) {
    if (call.write(response)) {
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        const done = () => {
            call.off('drain', done);
            call.off('cancelled', done);
            resolve();
        };
        call.on('drain', done);
        call.on('cancelled', done);
    });
}

async function respond(call, request) {
    for (const parameters of request.response_parameters) {
        if (parameters.interval_us > 0) {
            await sleep(parameters.interval_us);
        }
        if (call.cancelled) {
            return;
        }
        await write(call, { payload: payload(parameters.size) });
    }
}

function unaryCall(call, callback) {
    echoInitial(call);
    const trailers = echoTrailing(call);
    const failure = requestedStatus(call.request, trailers);
    if (failure) {
        callback(failure);
        return;
    }
    callback(null, { payload: payload(call.request.response_size) }, trailers);
}

const handlers = {
    EmptyCall(call, callback) {
        echoInitial(call);
        callback(null, {}, echoTrailing(call));
    },

    UnaryCall: unaryCall,
    CacheableUnaryCall: unaryCall,

    async StreamingOutputCall(call) {
        echoInitial(call);
        await respond(call, call.request);
        if (call.cancelled) {
            return;
        }
        const trailers = echoTrailing(call);
        const failure = requestedStatus(call.request, trailers);
        if (failure) {
            call.emit('error', failure);
        } else {
            call.end(trailers);
        }
    },

    StreamingInputCall(call, callback) {
        echoInitial(call);
        let total = 0;
        call.on('data', (request) => {
            total += request.payload ? request.payload.body.length : 0;
        });
        call.on('error', () => {
            // Cancelled by the client: grpc-js reports it through 'cancelled' too.
        });
        call.on('end', () => callback(null, { aggregated_payload_size: total }, echoTrailing(call)));
    },

    async FullDuplexCall(call) {
        echoInitial(call);
        let failure = null;
        try {
            // destroyOnReturn: false, or leaving the loop would destroy the call before its status.
            for await (const request of call.iterator({ destroyOnReturn: false })) {
                await respond(call, request);
                failure = requestedStatus(request, echoTrailing(call));
                if (failure || call.cancelled) {
                    break;
                }
            }
        } catch {
            return; // The client cancelled or reset the stream.
        }
        if (call.cancelled) {
            return;
        }
        if (failure) {
            call.emit('error', failure);
        } else {
            call.end(echoTrailing(call));
        }
    },

    async HalfDuplexCall(call) {
        echoInitial(call);
        const requests = [];
        try {
            for await (const request of call.iterator({ destroyOnReturn: false })) {
                requests.push(request);
            }
        } catch {
            return;
        }
        for (const request of requests) {
            await respond(call, request);
        }
        if (!call.cancelled) {
            call.end(echoTrailing(call));
        }
    },
};

function main() {
    const args = parseArgs(process.argv.slice(2));
    const definition = protoLoader.loadSync('grpc/testing/test.proto', {
        includeDirs: [path.join(__dirname, 'protos')],
        keepCase: true,
        longs: Number,
        enums: String,
        defaults: true,
    });
    const testing = grpc.loadPackageDefinition(definition).grpc.testing;
    const server = new grpc.Server({
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
    });
    if (args.window > 0) {
        // Not public API: grpc-js passes these settings to http2.createServer.
        server.commonServerOptions.settings = { ...server.commonServerOptions.settings, initialWindowSize: args.window };
    }
    server.addService(testing.TestService.service, handlers);
    server.bindAsync(`127.0.0.1:${args.port}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) {
            console.error(`interop-server failed to bind 127.0.0.1:${args.port}: ${error.message}`);
            process.exit(2);
        }
        console.log(`interop-server ready on 127.0.0.1:${port}`);
    });

    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
    process.on('SIGTERM', () => process.exit(0));
}

main();
