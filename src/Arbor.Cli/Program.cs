// A run of the engine on batch files measures the host to choose its heap's pages (ProcessSetup).
Arbor.Engine.Runtime.ProcessSetup.ApplyEnvironment(engineRun: args is ["commissions", "run", ..]);
return Arbor.Cli.Cli.Run(args);
