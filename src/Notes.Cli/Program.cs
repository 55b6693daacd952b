using Notes.Cli;

return Cli.Run(args, CliEnvironment.FromSystemConsole());
