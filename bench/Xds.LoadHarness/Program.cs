Console.WriteLine("xds load harness: not written yet");
return 0;
