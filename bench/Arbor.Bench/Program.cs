Console.WriteLine("bench: TODO(#2)");
