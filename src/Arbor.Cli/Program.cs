Arbor.Engine.Runtime.HugePages.AdviseHeap();
return Arbor.Cli.Cli.Build().Parse(args).Invoke();
