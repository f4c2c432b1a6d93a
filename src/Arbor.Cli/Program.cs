Arbor.Engine.Runtime.ProcessSetup.ApplyEnvironment();
return Arbor.Cli.Cli.Build().Parse(args).Invoke();
