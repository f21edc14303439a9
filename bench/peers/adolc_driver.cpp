// ADOL-C peer: the same problems as bench/Tangent.Benchmarks, same inputs, CSV rows on stdout.
// Build: g++ -O2 -std=c++17 adolc_driver.cpp -ladolc -o adolc_driver   (bench/run.sh does this)
// Usage: adolc_driver [--quick]
#include <adolc/adolc.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

static bool quick = false;
static double sink = 0;

// Median time of one call in ns: warm-up, batches of >= ~1 ms (0.2 ms quick), median of the batches.
static double measure(const std::function<double()>& call) {
    using clk = std::chrono::steady_clock;
    auto t0 = clk::now();
    int warm = 0;
    while (warm < 3 || (std::chrono::duration<double>(clk::now() - t0).count() < (quick ? 0.05 : 0.2) && warm < 1000)) { sink += call(); warm++; }
    double per = std::chrono::duration<double, std::nano>(clk::now() - t0).count() / warm;
    long batch = std::max(1L, (long)((quick ? 2e5 : 1e6) / per));
    int samples = (int)std::clamp((quick ? 6e8 : 4e9) / (per * batch), 5.0, quick ? 15.0 : 41.0);
    std::vector<double> t(samples);
    for (int s = 0; s < samples; s++) {
        auto a = clk::now();
        for (long i = 0; i < batch; i++) sink += call();
        t[s] = std::chrono::duration<double, std::nano>(clk::now() - a).count() / batch;
    }
    std::sort(t.begin(), t.end());
    return t[samples / 2];
}

static double relerr(const std::vector<double>& a, const std::vector<double>& b) {
    double e = 0, s = 0;
    for (size_t i = 0; i < a.size(); i++) { e = std::max(e, std::fabs(a[i] - b[i])); s = std::max(s, std::fabs(b[i])); }
    return e / std::max(s, 1e-300);
}

static void row(const char* problem, long n, const char* tool, double f, double g, double err, const char* note) {
    std::printf("%s,%ld,%s,%.17g,%.17g,%.17g,%.17g,0,\"%s\"\n", problem, n, tool, f, g, g / f, err, note);
    std::fflush(stdout);
}

// ---------------------------------------------------------------- Rosenbrock ----
template <class T> T rosen(const T* x, long n) {
    T s = 0;
    for (long i = 0; i + 1 < n; i++) { T t = x[i + 1] - x[i] * x[i], u = 1 - x[i]; s += 100 * t * t + u * u; }
    return s;
}
static double rosen_adjoint(const double* x, double* g, long n) {
    double s = 0;
    std::fill(g, g + n, 0.0);
    for (long i = 0; i + 1 < n; i++) {
        double xi = x[i], t = x[i + 1] - xi * xi, u = 1 - xi;
        s += 100 * t * t + u * u; g[i] += -400 * t * xi - 2 * u; g[i + 1] += 200 * t;
    }
    return s;
}

static void rosenbrock(long n) {
    std::vector<double> x(n), g(n), ref(n);
    for (long i = 0; i < n; i++) x[i] = -1.2 + 0.1 * std::sin((double)i);
    rosen_adjoint(x.data(), ref.data(), n);
    double f = measure([&] { return rosen(x.data(), n); });
    row("rosenbrock", n, "C++ plain f (g++ -O2)", f, f, NAN, "");
    double adj = measure([&] { return rosen_adjoint(x.data(), g.data(), n); });
    row("rosenbrock", n, "C++ hand-written adjoint", f, adj, relerr(g, ref), "");
    std::vector<adouble> ax(n);
    auto tape = [&](short tag) {
        double y;
        trace_on(tag);
        for (long i = 0; i < n; i++) ax[i] <<= x[i];
        adouble s = rosen(ax.data(), n);
        s >>= y;
        trace_off();
        return y;
    };
    double taped = measure([&] { double y = tape(1); gradient(1, n, x.data(), g.data()); return y; });
    row("rosenbrock", n, "ADOL-C taping + reverse every call", f, taped, relerr(g, ref), "");
    tape(2);
    double reused = measure([&] { gradient(2, n, x.data(), g.data()); return g[0]; });
    row("rosenbrock", n, "ADOL-C re-used tape (gradient only)", f, reused, relerr(g, ref), "");
}

// ------------------------------------------------------- logistic regression ----
// loss(w) = (1/m) Σᵢ softplus(−yᵢ aᵢ·w), softplus(z) = log(1 + exp(z)); a_ij = sin(0.001·(i·d + j) + 0.5·j), y_i = ±1, w_j = 0.01·cos(j).
static const long M = 10000, D = 100;
static std::vector<double> A, Y;
template <class T> T logreg(const T* w) {
    T loss = 0;
    for (long i = 0; i < M; i++) {
        T z = 0;
        const double* a = &A[i * D];
        for (long j = 0; j < D; j++) z += a[j] * w[j];
        T t = -Y[i] * z;
        loss += log(1 + exp(t));
    }
    return loss / (double)M;
}
static double logreg_adjoint(const double* w, double* g) {
    double loss = 0;
    std::fill(g, g + D, 0.0);
    for (long i = 0; i < M; i++) {
        const double* a = &A[i * D];
        double z = 0;
        for (long j = 0; j < D; j++) z += a[j] * w[j];
        double t = -Y[i] * z;
        loss += std::log(1 + std::exp(t));
        double s = 1 / (1 + std::exp(-t)); // d softplus / dt
        double c = s * -Y[i] / (double)M;
        for (long j = 0; j < D; j++) g[j] += c * a[j];
    }
    return loss / (double)M;
}
static void logistic() {
    A.resize(M * D); Y.resize(M);
    for (long i = 0; i < M; i++) { Y[i] = i % 3 == 0 ? 1.0 : -1.0; for (long j = 0; j < D; j++) A[i * D + j] = std::sin(0.001 * (double)(i * D + j) + 0.5 * (double)j); }
    std::vector<double> w(D), g(D), ref(D);
    for (long j = 0; j < D; j++) w[j] = 0.01 * std::cos((double)j);
    logreg_adjoint(w.data(), ref.data());
    double f = measure([&] { return logreg(w.data()); });
    row("logreg", M * D, "C++ plain f (g++ -O2)", f, f, NAN, "10000x100");
    double adj = measure([&] { return logreg_adjoint(w.data(), g.data()); });
    row("logreg", M * D, "C++ hand-written adjoint", f, adj, relerr(g, ref), "10000x100");
    std::vector<adouble> aw(D);
    auto tape = [&](short tag) {
        double y;
        trace_on(tag);
        for (long j = 0; j < D; j++) aw[j] <<= w[j];
        adouble l = logreg(aw.data());
        l >>= y;
        trace_off();
        return y;
    };
    double taped = measure([&] { double y = tape(3); gradient(3, D, w.data(), g.data()); return y; });
    row("logreg", M * D, "ADOL-C taping + reverse every call", f, taped, relerr(g, ref), "10000x100");
    tape(4);
    double reused = measure([&] { gradient(4, D, w.data(), g.data()); return g[0]; });
    row("logreg", M * D, "ADOL-C re-used tape (gradient only)", f, reused, relerr(g, ref), "10000x100");
}

int main(int argc, char** argv) {
    for (int i = 1; i < argc; i++) if (!std::strcmp(argv[i], "--quick")) quick = true;
    for (long n : {10L, 1000L, 1000000L}) rosenbrock(n);
    logistic();
    std::fprintf(stderr, "(sink %g)\n", sink);
}
