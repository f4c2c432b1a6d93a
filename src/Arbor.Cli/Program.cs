Arbor.Engine.Runtime.HugePages.AdviseHeapWhenAsked();
return Arbor.Cli.Cli.Run(args);
