<xsl:stylesheet version="1.1" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:saxon="http://icl.com/saxon" extension-element-prefixes="saxon">
<xsl:template match="/"><html><body><xsl:document href="helder-fuzz-xsl-document.html"><p>x</p></xsl:document><saxon:output href="helder-fuzz-saxon.html"><p>x</p></saxon:output></body></html></xsl:template>
</xsl:stylesheet>
