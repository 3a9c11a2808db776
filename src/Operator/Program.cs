Console.WriteLine("mesh-operator: not wired yet");
return 0;
