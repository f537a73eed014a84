'use strict';
// mediagrpc.testing.EchoService on @grpc/grpc-js, the official Node implementation:
// an independent peer for MediaGrpc's client channel. Behaviour follows the comments of
// tests/MediaGrpc.Rpc.Tests/Protos/echo.proto. Besides, request metadata whose key starts
// with "x-echo-" comes back in the response headers and trailers, so tests can see what
// reached the server.
//
// Usage: node echo-server.js --port N [--proto path/to/echo.proto]
// Prints "echo-server ready on 127.0.0.1:N" once listening; exits when stdin closes, so
// it never outlives the test process that started it.

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function parseArgs(argv) {
    const args = {
        port: 0,
        proto: path.join(__dirname, '..', 'MediaGrpc.Rpc.Tests', 'Protos', 'echo.proto'),
    };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--port') {
            args.port = Number.parseInt(argv[++i], 10);
        } else if (argv[i] === '--proto') {
            args.proto = argv[++i];
        } else {
            throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    if (!Number.isInteger(args.port) || args.port <= 0) {
        throw new Error('--port N is required');
    }
    return args;
}

// The x-echo-* entries of the request metadata, to send back.
function echoMetadata(call) {
    const echoed = new grpc.Metadata();
    for (const key of Object.keys(call.metadata.getMap())) {
        if (key.startsWith('x-echo-')) {
            for (const value of call.metadata.get(key)) {
                echoed.add(key, value);
            }
        }
    }
    return echoed;
}

// Sends the echoed metadata as response headers. Only when there is some, so that a
// failing call without it stays a trailers-only response.
function sendEchoHeaders(call) {
    const echoed = echoMetadata(call);
    if (Object.keys(echoed.getMap()).length > 0) {
        call.sendMetadata(echoed);
    }
}

// Waits delay_ms, or less if the call is cancelled (by the client or its deadline).
function delay(ms, call) {
    return new Promise((resolve) => {
        if (!ms || ms <= 0 || call.cancelled) {
            resolve();
            return;
        }
        const onCancelled = () => {
            clearTimeout(timer);
            resolve();
        };
        const timer = setTimeout(() => {
            call.off('cancelled', onCancelled);
            resolve();
        }, ms);
        call.once('cancelled', onCancelled);
    });
}

// Writes one response, waiting for 'drain' when the stream buffers are full.
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

function failure(request, trailers) {
    return { code: request.fail_with_code, details: request.fail_message, metadata: trailers };
}

// Ends a streaming call with the request's failure, or OK.
function endStream(call, failWith) {
    const trailers = echoMetadata(call);
    if (failWith && failWith.fail_with_code) {
        call.emit('error', failure(failWith, trailers));
    } else {
        call.end(trailers);
    }
}

function echo(request, index) {
    return { text: request.text, payload: request.payload, index };
}

const handlers = {
    async Unary(call, callback) {
        const request = call.request;
        await delay(request.delay_ms, call);
        if (call.cancelled) {
            return;
        }
        sendEchoHeaders(call);
        const trailers = echoMetadata(call);
        if (request.fail_with_code) {
            callback(failure(request, trailers));
        } else {
            callback(null, echo(request, 0), trailers);
        }
    },

    async ServerStream(call) {
        const request = call.request;
        await delay(request.delay_ms, call);
        if (call.cancelled) {
            return;
        }
        sendEchoHeaders(call);
        for (let index = 0; index < request.count; index++) {
            if (call.cancelled) {
                return;
            }
            await write(call, echo(request, index));
        }
        if (!call.cancelled) {
            endStream(call, request);
        }
    },

    ClientStream(call, callback) {
        const texts = [];
        const payloads = [];
        let failWith = null;
        let delayMs = 0;
        call.on('data', (request) => {
            texts.push(request.text);
            payloads.push(request.payload);
            delayMs = Math.max(delayMs, request.delay_ms);
            if (request.fail_with_code) {
                failWith = request;
            }
        });
        call.on('error', () => {
            // The client went away; grpc-js reports it through 'cancelled' as well.
        });
        call.on('end', async () => {
            await delay(delayMs, call);
            if (call.cancelled) {
                return;
            }
            sendEchoHeaders(call);
            const trailers = echoMetadata(call);
            if (failWith) {
                callback(failure(failWith, trailers));
            } else {
                callback(null, { text: texts.join(','), payload: Buffer.concat(payloads), index: 0 }, trailers);
            }
        });
    },

    async Duplex(call) {
        sendEchoHeaders(call);
        let index = 0;
        let failWith = null;
        try {
            // destroyOnReturn: false, or leaving the loop would destroy the call before its
            // status is sent; for the same reason the status is only sent after the loop.
            for await (const request of call.iterator({ destroyOnReturn: false })) {
                await delay(request.delay_ms, call);
                if (call.cancelled) {
                    return;
                }
                await write(call, echo(request, index++));
                if (request.fail_with_code) {
                    failWith = request;
                    break;
                }
            }
        } catch {
            // The client cancelled or reset the stream: nothing left to answer.
            return;
        }
        if (!call.cancelled) {
            endStream(call, failWith);
        }
    },
};

function main() {
    const args = parseArgs(process.argv.slice(2));
    const definition = protoLoader.loadSync(args.proto, {
        keepCase: true,
        longs: String,
        enums: String,
        defaults: true,
    });
    const proto = grpc.loadPackageDefinition(definition);
    const server = new grpc.Server({
        // The client's limits are under test, not the server's.
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
    });
    server.addService(proto.mediagrpc.testing.EchoService.service, handlers);
    server.bindAsync(`127.0.0.1:${args.port}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) {
            console.error(`echo-server failed to bind 127.0.0.1:${args.port}: ${error.message}`);
            process.exit(2);
        }
        console.log(`echo-server ready on 127.0.0.1:${port}`);
    });

    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
    process.on('SIGTERM', () => process.exit(0));
}

main();
