using MediaGrpc.Cli;

return await CliApplication.RunAsync(args);
