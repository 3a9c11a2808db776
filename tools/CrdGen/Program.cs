Console.WriteLine("crdgen: not written yet");
return 0;
