Arbor.Engine.Runtime.ProcessSetup.ApplyEnvironment();
return Arbor.Cli.Cli.Run(args);
