// The MeshPolicy API types live in this assembly; it does no I/O.
[assembly: System.CLSCompliant(false)]
