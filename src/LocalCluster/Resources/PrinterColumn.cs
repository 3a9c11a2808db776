namespace Mesh.LocalCluster.Resources;

/// <summary>A CRD additionalPrinterColumns entry, copied out of the JSON so it can be read from any thread.</summary>
internal sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);
