#include "qbt/indicators/registry.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/indicator.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::ThrowsMessage;

/// A two-parameter test indicator: x * scale + offset, with the cross-check offset < scale.
struct Affine {
  double scale;
  double offset;
  double update(double x) const noexcept { return x * scale + offset; }
};

/// A two-line test indicator: the input and its negation.
struct Mirror {
  struct Lines {
    double same;
    double negated;
  };
  Lines update(double x) const noexcept { return {x, -x}; }
};

IndicatorDef affine_def() {
  return {
      .name = "Affine",
      .aliases = {"LinearMap"},
      .doc = "x * scale + offset.",
      .reference = "test fixture",
      .inputs = {Field::close},
      .outputs = {"affine"},
      .params = {real_param("scale", 2.0, -10.0, 10.0, "multiplier"),
                 integer_param("offset", 1, -5, 5, "added after scaling"),
                 bool_param("flag", false, "unused flag")},
      .lookback = [](const ParamValues& /*p*/) { return 0; },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            Affine state{p.real("scale"), p.real("offset")};
            run_streaming(state, in, out);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Affine{p.real("scale"), p.real("offset")});
          },
      .validate = [](const ParamValues& p) { require_less(p, "offset", "scale"); },
  };
}

TEST(IndicatorRegistry, FindsByNameAndAliasIgnoringCase) {
  const IndicatorRegistry& registry = builtin_indicators();
  for (const char* name : {"SMA", "sma", "SimpleMovingAverage", "movingaveragesimple"}) {
    ASSERT_NE(registry.find(name), nullptr) << name;
    EXPECT_EQ(registry.find(name)->name(), "SMA");
  }
  EXPECT_EQ(registry.at("averagetruerange").name(), "ATR");
  EXPECT_EQ(registry.at("MAXN").name(), "Highest");
  EXPECT_EQ(registry.find("SMAA"), nullptr);
}

TEST(IndicatorRegistry, UnknownIndicatorIsAUserErrorWithASuggestion) {
  EXPECT_THAT([] { (void)builtin_indicators().at("SMAA"); },
              ThrowsMessage<UserInputError>("unknown indicator 'SMAA' (did you mean 'SMA'?)"));
  EXPECT_THAT([] { (void)builtin_indicators().at("nothing-like-it"); },
              ThrowsMessage<UserInputError>("unknown indicator 'nothing-like-it'"));
}

TEST(IndicatorRegistry, ListsEveryIndicatorOnceInNameOrder) {
  const auto list = builtin_indicators().list();
  ASSERT_EQ(list.size(), builtin_indicators().size());
  ASSERT_GE(list.size(), 11U);
  std::vector<std::string> names;
  for (const Indicator* indicator : list) {
    names.push_back(indicator->name());
  }
  auto lower = names;
  for (auto& name : lower) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  }
  EXPECT_TRUE(std::is_sorted(lower.begin(), lower.end()));
  EXPECT_EQ(std::adjacent_find(lower.begin(), lower.end()), lower.end());
}

TEST(IndicatorRegistry, EveryBuiltinIsDocumentedAndConsistent) {
  for (const Indicator* indicator : builtin_indicators().list()) {
    SCOPED_TRACE(indicator->name());
    EXPECT_FALSE(indicator->doc().empty());
    EXPECT_FALSE(indicator->reference().empty());
    for (const ParamSpec& spec : indicator->params()) {
      EXPECT_FALSE(spec.doc.empty()) << spec.name;
    }
    const ParamValues params = indicator->defaults();
    EXPECT_GE(indicator->lookback(params), 0);
    const auto stream = indicator->make_stream(params);
    EXPECT_EQ(stream->input_count(), indicator->inputs().size());
    EXPECT_EQ(stream->output_count(), indicator->outputs().size());
  }
}

TEST(IndicatorRegistry, RejectsNamesAlreadyTakenIgnoringCase) {
  IndicatorRegistry registry;
  registry.add(affine_def());
  EXPECT_THROW(registry.add(affine_def()), InternalError);
  IndicatorDef clash = affine_def();
  clash.name = "Other";
  clash.aliases = {"AFFINE"};
  EXPECT_THAT([&] { registry.add(std::move(clash)); },
              ThrowsMessage<InternalError>(HasSubstr("already taken by 'Affine'")));
  EXPECT_EQ(registry.size(), 1U);
}

TEST(IndicatorRegistry, RejectsMalformedDefinitions) {
  IndicatorRegistry registry;
  IndicatorDef no_batch = affine_def();
  no_batch.batch = nullptr;
  EXPECT_THROW(registry.add(std::move(no_batch)), InternalError);

  IndicatorDef bad_default = affine_def();
  bad_default.params[0].default_value = 11.0;
  EXPECT_THROW(registry.add(std::move(bad_default)), InternalError);

  IndicatorDef wrong_outputs = affine_def();
  wrong_outputs.outputs = {"a", "b"};  // the stream writes one line
  EXPECT_THAT([&] { registry.add(std::move(wrong_outputs)); },
              ThrowsMessage<InternalError>(HasSubstr("counts differ")));

  IndicatorDef no_reference = affine_def();
  no_reference.reference.clear();
  EXPECT_THROW(registry.add(std::move(no_reference)), InternalError);
  EXPECT_EQ(registry.size(), 0U);
}

TEST(Indicator, ResolvesDefaultsAndOverrides) {
  IndicatorRegistry registry;
  const Indicator& affine = registry.add(affine_def());
  const ParamValues defaults = affine.defaults();
  EXPECT_EQ(defaults.real("scale"), 2.0);
  EXPECT_EQ(defaults.integer("offset"), 1);
  EXPECT_FALSE(defaults.boolean("flag"));
  EXPECT_EQ(defaults.to_string(), "Affine(scale=2, offset=1, flag=false)");

  const ParamValues given = affine.resolve({{"offset", -2}, {"flag", 1}, {"scale", 0.5}});
  EXPECT_EQ(given.to_string(), "Affine(scale=0.5, offset=-2, flag=true)");
  EXPECT_EQ(given.size(), 3U);
  EXPECT_EQ(given[0], 0.5);
  EXPECT_FALSE(given == defaults);
  EXPECT_TRUE(affine.resolve({{"scale", 2.0}}) == defaults);
}

TEST(Indicator, RejectsBadParameterValuesNamingIndicatorAndParameter) {
  IndicatorRegistry registry;
  const Indicator& affine = registry.add(affine_def());
  EXPECT_THAT([&] { (void)affine.resolve({{"scael", 1}}); },
              ThrowsMessage<UserInputError>(
                  "Affine: unknown parameter 'scael' (known: scale, offset, flag)"));
  EXPECT_THAT([&] { (void)affine.resolve({{"offset", 1.5}}); },
              ThrowsMessage<UserInputError>(
                  "Affine: parameter 'offset' must be an integer, got 1.5"));
  EXPECT_THAT([&] { (void)affine.resolve({{"scale", 10.5}}); },
              ThrowsMessage<UserInputError>("Affine: parameter 'scale' must be <= 10, got 10.5"));
  EXPECT_THAT([&] { (void)affine.resolve({{"offset", -6}}); },
              ThrowsMessage<UserInputError>("Affine: parameter 'offset' must be >= -5, got -6"));
  EXPECT_THAT([&] { (void)affine.resolve({{"flag", 2}}); },
              ThrowsMessage<UserInputError>(HasSubstr("'flag' must be 0 or 1")));
  EXPECT_THAT([&] { (void)affine.resolve({{"scale", k_nan}}); },
              ThrowsMessage<UserInputError>(HasSubstr("'scale' must be a finite number")));
  EXPECT_THAT([&] { (void)affine.resolve({{"scale", 3}, {"scale", 4}}); },
              ThrowsMessage<UserInputError>("Affine: parameter 'scale' given twice"));
  EXPECT_THAT([&] { (void)affine.resolve({{"scale", 1}, {"offset", 3}}); },
              ThrowsMessage<UserInputError>(
                  "Affine: parameter 'offset' must be < 'scale' (1), got 3"));
}

TEST(Indicator, ParsesParameterTextFromTheCommandLine) {
  IndicatorRegistry registry;
  const Indicator& affine = registry.add(affine_def());
  EXPECT_EQ(affine.parse_param_value("scale", "2.5"), 2.5);
  EXPECT_EQ(affine.parse_param_value("offset", "-3"), -3.0);
  EXPECT_EQ(affine.parse_param_value("flag", "TRUE"), 1.0);
  EXPECT_EQ(affine.parse_param_value("flag", "false"), 0.0);
  EXPECT_THAT([&] { (void)affine.parse_param_value("scale", "2x"); },
              ThrowsMessage<UserInputError>("Affine: parameter 'scale' must be a number, got '2x'"));
  EXPECT_THROW((void)affine.parse_param_value("scale", ""), UserInputError);
}

TEST(Indicator, ReadingAnUndeclaredParameterIsABug) {
  const ParamValues params = builtin_indicators().at("SMA").defaults();
  EXPECT_THROW((void)params.integer("length"), InternalError);
  EXPECT_EQ(params.integer("period"), 30);
  EXPECT_EQ(params.real("period"), 30.0);  // integers may be read as reals
}

TEST(Indicator, ComputesFromSpansAndFromBarFrames) {
  const Indicator& atr = builtin_indicators().at("ATR");
  const ParamValues params = atr.resolve({{"period", 2}});
  data::BarFrameBuilder builder;
  // high, low, close as in test_atr.cpp; open and volume are not read.
  builder.append(Timestamp{1}, 0, 10, 8, 9, 0);
  builder.append(Timestamp{2}, 0, 11, 9, 10, 0);
  builder.append(Timestamp{3}, 0, 15, 13, 14, 0);
  builder.append(Timestamp{4}, 0, 12, 11, 11.5, 0);
  const data::BarFrame bars = builder.finish();
  const LineColumns lines = atr.compute(params, bars);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_TRUE(series_near(std::vector<double>(lines[0].begin(), lines[0].end()),
                          {k_nan, k_nan, 3.5, 3.25}));

  std::vector<double> out(4);
  const std::vector<std::span<const double>> inputs{bars.high(), bars.low(), bars.close()};
  const std::vector<std::span<double>> outputs{out};
  atr.compute(params, inputs, outputs);
  EXPECT_TRUE(series_near(out, {k_nan, k_nan, 3.5, 3.25}));
}

TEST(Indicator, ComputeChecksShapesAndOwnership) {
  const Indicator& sma = builtin_indicators().at("SMA");
  const Indicator& ema = builtin_indicators().at("EMA");
  std::vector<double> in(5, 1.0);
  std::vector<double> short_out(4);
  const std::vector<std::span<const double>> inputs{in};
  const std::vector<std::span<double>> outputs{short_out};
  EXPECT_THROW(sma.compute(sma.defaults(), inputs, outputs), InternalError);
  EXPECT_THROW((void)sma.compute(ema.defaults(), inputs), InternalError);
  EXPECT_THROW((void)sma.lookback(ema.defaults()), InternalError);
}

TEST(StreamAdapter, ScattersMultiLineResultsInOutputOrder) {
  const auto stream = make_stream(Mirror{});
  EXPECT_EQ(stream->input_count(), 1U);
  EXPECT_EQ(stream->output_count(), 2U);
  const std::array<double, 1> bar{3.0};
  std::array<double, 2> out{};
  stream->update(bar, out);
  EXPECT_EQ(out[0], 3.0);
  EXPECT_EQ(out[1], -3.0);
  static_assert(k_state_inputs<Mirror> == 1 && k_state_outputs<Mirror> == 2);
}

}  // namespace
}  // namespace qbt::indicators
