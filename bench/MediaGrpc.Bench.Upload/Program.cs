using MediaGrpc.Bench.Upload;

// Upload benchmark for issue 4. Every figure is compared with a baseline measured in
// the same run, on the same machine, with the same bytes. See bench/upload/README.md.
var options = BenchOptions.Parse(args);
await using var bench = await UploadBench.CreateAsync(options);
var report = await bench.RunAsync();
Console.WriteLine(report);
