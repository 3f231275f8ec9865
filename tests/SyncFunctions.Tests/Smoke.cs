namespace X; public class SmokeTests { [Fact] public void Builds() => Assert.True(true); }
