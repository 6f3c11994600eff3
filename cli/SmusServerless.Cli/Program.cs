Console.Error.WriteLine("smus-serverless: commands are being built");
return 2;
