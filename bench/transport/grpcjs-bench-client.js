'use strict';
// The grpc-js side of the transport benchmark: drives a grpc.testing.TestService server
// and prints one JSON line with what it measured.
//
// Usage: node grpcjs-bench-client.js --port N --mode unary|upload|download --count N
//        [--size BYTES] [--window BYTES]
//   unary:    N sequential EmptyCall-sized UnaryCalls -> {"p50_us":..,"p99_us":..}
//   upload:   one StreamingInputCall with N messages of SIZE bytes -> {"mib_per_s":..}
//   download: one StreamingOutputCall asking N responses of SIZE bytes -> {"mib_per_s":..}

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function parseArgs(argv) {
    const args = { port: 0, mode: 'unary', count: 1000, size: 1024 * 1024, window: 0 };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, '');
        const value = argv[i + 1];
        args[name] = name === 'mode' ? value : Number.parseInt(value, 10);
    }
    return args;
}

function percentile(sorted, p) {
    return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const definition = protoLoader.loadSync('grpc/testing/test.proto', {
        includeDirs: [path.join(__dirname, '..', '..', 'tests', 'interop', 'protos')],
        keepCase: true,
        longs: Number,
        enums: String,
        defaults: false,
    });
    const testing = grpc.loadPackageDefinition(definition).grpc.testing;
    const options = {
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
    };
    if (args.window > 0) {
        options['grpc-node.flow_control_window'] = args.window;
    }
    const client = new testing.TestService(`127.0.0.1:${args.port}`, grpc.credentials.createInsecure(), options);
    const unary = (request) => new Promise((resolve, reject) =>
        client.UnaryCall(request, (error, response) => (error ? reject(error) : resolve(response))));

    await unary({ response_size: 1 }); // connect and warm up
    if (args.mode === 'unary') {
        for (let i = 0; i < 200; i++) {
            await unary({ response_size: 1 });
        }
        const times = [];
        for (let i = 0; i < args.count; i++) {
            const start = process.hrtime.bigint();
            await unary({ response_size: 1 });
            times.push(Number(process.hrtime.bigint() - start) / 1000);
        }
        times.sort((a, b) => a - b);
        console.log(JSON.stringify({ p50_us: percentile(times, 50), p99_us: percentile(times, 99) }));
    } else if (args.mode === 'upload') {
        const body = Buffer.alloc(args.size);
        const start = process.hrtime.bigint();
        await new Promise((resolve, reject) => {
            const call = client.StreamingInputCall((error, response) => (error ? reject(error) : resolve(response)));
            let sent = 0;
            const pump = () => {
                while (sent < args.count) {
                    sent++;
                    if (!call.write({ payload: { body } })) {
                        call.once('drain', pump);
                        return;
                    }
                }
                call.end();
            };
            pump();
        });
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        console.log(JSON.stringify({ mib_per_s: (args.count * args.size) / (1024 * 1024) / seconds }));
    } else {
        const parameters = [];
        for (let i = 0; i < args.count; i++) {
            parameters.push({ size: args.size });
        }
        const start = process.hrtime.bigint();
        await new Promise((resolve, reject) => {
            const call = client.StreamingOutputCall({ response_parameters: parameters });
            call.on('data', () => {});
            call.on('error', reject);
            call.on('end', resolve);
        });
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        console.log(JSON.stringify({ mib_per_s: (args.count * args.size) / (1024 * 1024) / seconds }));
    }
    client.close();
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
