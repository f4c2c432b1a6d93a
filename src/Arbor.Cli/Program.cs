return Arbor.Cli.Cli.Build().Parse(args).Invoke();
