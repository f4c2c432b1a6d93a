Arbor.Engine.Runtime.HugePages.AdviseHeapWhenAsked();
return Arbor.Cli.Cli.Build().Parse(args).Invoke();
