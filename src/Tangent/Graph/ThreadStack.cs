using System.Runtime.InteropServices;

namespace Tangent;

/// <summary>
/// The address range of the calling thread's stack, asked of the operating system once per thread.
/// A recording checks that each operation runs on the thread that started it by testing whether the
/// address of a local variable lies in that thread's stack: thread stacks are disjoint, so the test
/// is exact, and it costs a subtraction and a comparison instead of a thread-local read (a function
/// call on Linux, which forces every live register to be spilled around each recorded operation).
/// Where the range cannot be found, the size is 0 and every check takes the slow, exact
/// thread-local path.
/// </summary>
internal static unsafe partial class ThreadStack
{
    [ThreadStatic] private static bool known;
    [ThreadStatic] private static nuint low, size;

    /// <summary>The lowest address of this thread's stack and its size in bytes (size 0: unknown).</summary>
    public static (nuint Low, nuint Size) Bounds()
    {
        if (!known)
        {
            (low, size) = Query();
            known = true;
        }
        return (low, size);
    }

    private static (nuint, nuint) Query()
    {
        byte probe;
        nuint here = (nuint)(&probe);
        try
        {
            (nuint lo, nuint sz) = OperatingSystem.IsLinux() ? Linux()
                : OperatingSystem.IsWindows() ? Windows()
                : OperatingSystem.IsMacOS() ? Mac()
                : (0, 0);
            // Accept the range only if it holds this frame (it then holds every deeper frame too).
            return here - lo < sz ? (lo, sz) : (0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            return (0, 0);
        }
    }

    private static (nuint, nuint) Linux()
    {
        byte* attr = stackalloc byte[512]; // pthread_attr_t is 56 bytes on glibc x64, 36–64 elsewhere
        if (pthread_getattr_np(pthread_self(), attr) != 0) return (0, 0);
        void* address;
        nuint bytes;
        int r = pthread_attr_getstack(attr, &address, &bytes);
        pthread_attr_destroy(attr);
        return r == 0 ? ((nuint)address, bytes) : (0, 0);
    }

    private static (nuint, nuint) Windows()
    {
        GetCurrentThreadStackLimits(out nuint lo, out nuint hi);
        return (lo, hi - lo);
    }

    private static (nuint, nuint) Mac()
    {
        nuint self = mac_pthread_self();
        nuint top = (nuint)pthread_get_stackaddr_np(self), sz = pthread_get_stacksize_np(self);
        return (top - sz, sz);
    }

    [DllImport("libc.so.6")] private static extern nuint pthread_self();
    [DllImport("libc.so.6")] private static extern int pthread_getattr_np(nuint thread, byte* attr);
    [DllImport("libc.so.6")] private static extern int pthread_attr_getstack(byte* attr, void** address, nuint* size);
    [DllImport("libc.so.6")] private static extern int pthread_attr_destroy(byte* attr);
    [DllImport("kernel32")] private static extern void GetCurrentThreadStackLimits(out nuint low, out nuint high);
    [DllImport("libSystem.dylib", EntryPoint = "pthread_self")] private static extern nuint mac_pthread_self();
    [DllImport("libSystem.dylib")] private static extern void* pthread_get_stackaddr_np(nuint thread);
    [DllImport("libSystem.dylib")] private static extern nuint pthread_get_stacksize_np(nuint thread);
}
